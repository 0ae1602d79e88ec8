import { FlaskConical } from "lucide-react";
import { Navigate, type RouteObject } from "react-router";

import { ComingSoonPage } from "@/routes/coming-soon-page";
import { DataPage } from "@/routes/data-page";
import { DatasetPage } from "@/routes/dataset-page";
import { NotFoundPage } from "@/routes/not-found-page";
import { RootLayout } from "@/routes/root-layout";
import { RunPage } from "@/routes/run-page";
import { TemplatePage } from "@/routes/template-page";
import { TrainingPage } from "@/routes/training-page";

/** Every screen; the URL is the wizard's state. */
export const routes: RouteObject[] = [
  {
    element: <RootLayout />,
    children: [
      { index: true, element: <Navigate to="/template" replace /> },
      { path: "template", element: <TemplatePage /> },
      { path: "data", element: <DataPage /> },
      { path: "data/:datasetId", element: <DatasetPage /> },
      { path: "training", element: <TrainingPage /> },
      { path: "runs/:runId", element: <RunPage /> },
      {
        path: "testing",
        element: (
          <ComingSoonPage
            title="Testing"
            description="Try your trained model on new examples before you deploy it."
            icon={FlaskConical}
            message="Testing arrives with the next release — train a model first, so it is ready."
          />
        ),
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

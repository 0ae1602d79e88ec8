import { Navigate, type RouteObject } from "react-router";

import { DataPage } from "@/routes/data-page";
import { DatasetPage } from "@/routes/dataset-page";
import { ModelPage } from "@/routes/model-page";
import { ModelsPage } from "@/routes/models-page";
import { NotFoundPage } from "@/routes/not-found-page";
import { RootLayout } from "@/routes/root-layout";
import { RunPage } from "@/routes/run-page";
import { TemplatePage } from "@/routes/template-page";
import { TestingPage } from "@/routes/testing-page";
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
      { path: "models", element: <ModelsPage /> },
      { path: "models/:modelId", element: <ModelPage /> },
      { path: "testing", element: <TestingPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

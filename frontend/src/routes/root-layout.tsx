import { Outlet } from "react-router";

import { AppHeader } from "@/components/layout/app-header";
import { GuidedTour } from "@/components/tour/guided-tour";
import { TourProvider } from "@/components/tour/tour-context";
import { Toaster } from "@/components/ui/sonner";

/** Header and wizard tabs above every screen; toasts and the first-visit tour float over all of them. */
export function RootLayout() {
  return (
    <TourProvider>
      <div className="flex min-h-svh flex-col">
        <a
          href="#main"
          className="sr-only z-50 rounded-md bg-card px-3 py-2 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:ring-[3px] focus:ring-ring/50"
        >
          Skip to content
        </a>
        <AppHeader />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 outline-none sm:px-6 sm:py-10">
          <Outlet />
        </main>
        <Toaster position="bottom-right" closeButton />
        <GuidedTour />
      </div>
    </TourProvider>
  );
}

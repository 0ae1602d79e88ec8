import { ArrowRight, type LucideIcon } from "lucide-react";
import { Link } from "react-router";

import { PageHeader } from "@/components/common/page-header";
import { Button } from "@/components/ui/button";
import { Empty, EmptyContent, EmptyDescription, EmptyHeader, EmptyMedia, EmptyTitle } from "@/components/ui/empty";

interface ComingSoonPageProps {
  title: string;
  description: string;
  icon: LucideIcon;
  message: string;
}

/** An honest placeholder for a step that is not built yet: it says so and points back to Data. */
export function ComingSoonPage({ title, description, icon: Icon, message }: ComingSoonPageProps) {
  return (
    <div className="space-y-8">
      <PageHeader title={title} description={description} />
      <Empty>
        <EmptyHeader>
          <EmptyMedia>
            <Icon aria-hidden="true" />
          </EmptyMedia>
          <EmptyTitle>Not available yet</EmptyTitle>
          <EmptyDescription>{message}</EmptyDescription>
        </EmptyHeader>
        <EmptyContent>
          <Button asChild>
            <Link to="/data">
              Go to Data <ArrowRight aria-hidden="true" />
            </Link>
          </Button>
        </EmptyContent>
      </Empty>
    </div>
  );
}

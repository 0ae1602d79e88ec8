import { FileSearch } from "lucide-react";

import type { Detection } from "@/client";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatLabels, labelOf, shapeLabels } from "@/lib/labels";

const delimiterNames: Record<string, string> = { ",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe" };

/** The facts of how the file was read, as label/value pairs. */
function facts(detection: Detection): [string, string][] {
  const rows: [string, string][] = [
    ["Format", labelOf(formatLabels, detection.format)],
    ["Encoding", detection.encoding.toUpperCase()],
    ["Looks like", labelOf(shapeLabels, detection.shape)],
  ];
  if (detection.delimiter != null) {
    rows.push(["Separator", delimiterNames[detection.delimiter] ?? JSON.stringify(detection.delimiter)]);
  }
  if (detection.has_header != null) rows.push(["Header row", detection.has_header ? "Yes" : "No"]);
  if (detection.text_layout) {
    rows.push(["Layout", detection.text_layout === "lines" ? "One example per line" : "Blocks separated by blank lines"]);
  }
  if (detection.json_root_key) rows.push(["Records under", detection.json_root_key]);
  return rows;
}

/** What we detected about the file: format, encoding, shape and the notes explaining why. */
export function DetectionSummary({ detection, ...props }: { detection: Detection } & React.ComponentProps<typeof Card>) {
  const notes = detection.notes ?? [];
  return (
    <Card {...props}>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <FileSearch aria-hidden="true" className="size-4 text-primary" />
          How we read your file
        </CardTitle>
        <CardDescription>Detected from the content, not the file name.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          {facts(detection).map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="text-muted-foreground">{term}</dt>
              <dd className="font-medium">{value}</dd>
            </div>
          ))}
        </dl>
        {notes.length > 0 && (
          <ul className="space-y-1 border-t pt-3 text-sm text-muted-foreground" aria-label="Detection notes">
            {notes.map((note) => (
              <li key={note} className="flex gap-2">
                <span aria-hidden="true">•</span>
                {note}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

export function DetectionSummarySkeleton() {
  return (
    <Card role="status" aria-label="Loading detection">
      <CardHeader className="gap-2">
        <Skeleton className="h-5 w-48" />
        <Skeleton className="h-4 w-64 max-w-full" />
      </CardHeader>
      <CardContent className="space-y-2">
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} className="h-4 w-3/4" />
        ))}
      </CardContent>
    </Card>
  );
}

import { Download, FileUp, Loader2 } from "lucide-react";
import { useId } from "react";

import { ErrorState } from "@/components/common/error-state";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { usePredictCsv, type PredictedFile } from "@/hooks/use-predict";
import { parseCsv } from "@/lib/csv";
import { saveBlob } from "@/lib/download";
import { plural } from "@/lib/format";

const PREVIEW_ROWS = 5;

interface CsvBatchProps {
  modelId: number;
  /** The columns the model reads, from its own input schema (unknown for older models). */
  columns?: string[];
}

/** Upload a CSV, get every row back with prediction columns: a preview here, the whole file to download. */
export function CsvBatch({ modelId, columns }: CsvBatchProps) {
  const id = useId();
  const predict = usePredictCsv(modelId);

  return (
    <div className="space-y-4">
      {columns ? (
        <div id={`${id}-help`} className="space-y-2 text-sm text-muted-foreground">
          <p>
            A CSV with the {plural(columns.length, "column")} this model reads; any other columns are kept in the file but not
            used. A blank cell means unknown. Every row comes back with a prediction column added.
          </p>
          <ul aria-label="Columns the model reads" className="flex flex-wrap gap-1.5">
            {columns.map((name) => (
              <li key={name} className="rounded border bg-muted/40 px-1.5 py-0.5 font-mono text-xs text-foreground">
                {name}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p id={`${id}-help`} className="text-sm text-muted-foreground">
          A CSV with the same columns as your training data (the column to predict may be left out). Every row comes back with a
          prediction column added.
        </p>
      )}
      <div>
        <input
          id={id}
          type="file"
          accept=".csv,.tsv,text/csv"
          className="peer sr-only"
          aria-describedby={`${id}-help`}
          disabled={predict.isPending}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) predict.mutate(file);
            event.target.value = ""; // the same file again still counts as a choice
          }}
        />
        <Button variant="outline" asChild className="cursor-pointer peer-focus-visible:ring-[3px] peer-focus-visible:ring-ring/50">
          <label htmlFor={id}>
            {predict.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <FileUp aria-hidden="true" />}
            {predict.isPending ? "Predicting…" : "Choose a CSV file"}
          </label>
        </Button>
      </div>
      {predict.isError && <ErrorState error={predict.error} />}
      {predict.data && !predict.isPending && <BatchResult result={predict.data} />}
    </div>
  );
}

function BatchResult({ result }: { result: PredictedFile }) {
  const [header = [], ...rows] = parseCsv(result.csv).filter((row) => row.some((cell) => cell !== ""));
  const shown = rows.slice(0, PREVIEW_ROWS);
  return (
    <section aria-label="Predicted file" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm">
          <span className="font-medium">{plural(rows.length, "row")}</span> predicted
          {rows.length > shown.length && <span className="text-muted-foreground"> · the first {shown.length} below</span>}
        </p>
        <Button onClick={() => saveBlob(new Blob([result.csv], { type: "text/csv" }), result.filename)}>
          <Download aria-hidden="true" /> Download results
        </Button>
      </div>
      <div className="rounded-lg border">
        <Table aria-label="Predictions preview">
          <TableHeader>
            <TableRow>
              {header.map((name) => (
                <TableHead key={name} className={name === "prediction" || name.startsWith("probability_") ? "font-semibold text-foreground" : undefined}>
                  {name}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((row, index) => (
              <TableRow key={index}>
                {row.map((cell, column) => (
                  <TableCell key={column} className="max-w-48 truncate">
                    {cell}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

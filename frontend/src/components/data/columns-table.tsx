import type { ColumnProfile } from "@/client";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { markerList } from "@/lib/column-choices";
import { formatInt } from "@/lib/format";

interface ColumnsTableProps extends React.ComponentProps<typeof Table> {
  columns: ColumnProfile[];
  roles: Record<string, string>;
}

/** One row per column: its type, gaps (and how they were written), variety and a few example values. */
export function ColumnsTable({ columns, roles, ...props }: ColumnsTableProps) {
  const roleOf = Object.fromEntries(Object.entries(roles).map(([role, column]) => [column, role]));
  return (
    <Table {...props}>
      <TableHeader>
        <TableRow>
          <TableHead>Column</TableHead>
          <TableHead>Type</TableHead>
          <TableHead className="text-right">Missing</TableHead>
          <TableHead className="text-right">Unique</TableHead>
          <TableHead>Examples</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {columns.map((column) => (
          <TableRow key={column.name}>
            <TableCell className="font-medium">
              <span className="block max-w-[12rem] truncate" title={column.name}>
                {column.name}
              </span>
              {roleOf[column.name] && (
                <span className="block text-xs font-normal whitespace-nowrap text-muted-foreground">
                  used as {roleOf[column.name]}
                </span>
              )}
            </TableCell>
            <TableCell>
              <div className="flex flex-wrap gap-1">
                <Badge variant="secondary">{column.type}</Badge>
                {column.mixed_types && <Badge variant="warning">mixed</Badge>}
              </div>
            </TableCell>
            <TableCell className="text-right tabular-nums">
              {formatInt(column.missing)}
              {markerList(column.markers) && (
                <span className="block text-xs whitespace-nowrap text-muted-foreground">written as {markerList(column.markers)}</span>
              )}
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatInt(column.unique)}</TableCell>
            <TableCell className="min-w-[12rem] text-muted-foreground">
              <span className="line-clamp-2">{column.examples.join(" · ") || "—"}</span>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

import { Cpu, Library, SlidersHorizontal } from "lucide-react";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatSetting, settingTitle } from "@/lib/settings";
import { cn } from "@/lib/utils";

interface Row {
  label: string;
  value: string;
}

interface RecordCardProps extends React.ComponentProps<typeof Card> {
  title: string;
  description?: string;
  icon: typeof Cpu;
  rows: Row[];
  empty: string;
}

/** A titled list of label → value facts from a model's record. */
function RecordCard({ title, description, icon: Icon, rows, empty, className, ...props }: RecordCardProps) {
  return (
    <Card className={cn("gap-4", className)} {...props}>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Icon aria-hidden="true" className="size-4 text-primary" /> {title}
        </CardTitle>
        {description && <CardDescription className="text-pretty">{description}</CardDescription>}
      </CardHeader>
      <CardContent>
        {rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">{empty}</p>
        ) : (
          <dl className="divide-y text-sm">
            {rows.map((row) => (
              <div key={row.label} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)] gap-3 py-2">
                <dt className="text-muted-foreground">{row.label}</dt>
                <dd className="font-mono text-xs break-words sm:text-sm">{row.value}</dd>
              </div>
            ))}
          </dl>
        )}
      </CardContent>
    </Card>
  );
}

/** The pretrained model the version started from, and why it was chosen. */
export function BaseModelCard({ base, ...props }: { base: Record<string, unknown> } & React.ComponentProps<typeof Card>) {
  const text = (key: string) => (typeof base[key] === "string" && base[key] ? (base[key] as string) : null);
  const rows = [
    { label: "Model", value: text("name") },
    { label: "Architecture", value: text("hub_id") !== text("name") ? text("hub_id") : null },
    { label: "Source", value: text("source") },
  ].filter((row): row is Row => row.value !== null);
  const reason = text("reason");
  return (
    <RecordCard
      title="Started from"
      description={reason ? `Why: ${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`.replace(/\.\.$/, ".") : undefined}
      icon={Cpu}
      rows={rows}
      empty="No base model was recorded."
      {...props}
    />
  );
}

/** Every setting the run trained with, as the plan named them. */
export function SettingsCard({ settings, ...props }: { settings: Record<string, unknown> } & React.ComponentProps<typeof Card>) {
  const rows = Object.entries(settings).map(([name, value]) => ({ label: settingTitle(name), value: formatSetting(name, value) }));
  return <RecordCard title="Settings" icon={SlidersHorizontal} rows={rows} empty="No settings were recorded." {...props} />;
}

/** The library versions the weights were made with, to reproduce or load them. */
export function LibrariesCard({ versions, ...props }: { versions: Record<string, unknown> } & React.ComponentProps<typeof Card>) {
  const rows = Object.entries(versions).map(([name, version]) => ({ label: name, value: String(version) }));
  return (
    <RecordCard
      title="Library versions"
      description="What the model was trained with: load it with the same versions."
      icon={Library}
      rows={rows}
      empty="No library versions were recorded."
      {...props}
    />
  );
}

interface ChatTurn {
  role: string;
  content: string;
}

function isChat(value: unknown): value is ChatTurn[] {
  return (
    Array.isArray(value) &&
    value.every((turn) => typeof turn === "object" && turn !== null && "role" in turn && "content" in turn)
  );
}

/** One preview value: text clamped to a few lines, chat turns as a list, anything else as JSON. */
export function PreviewCell({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === "") {
    return <span className="text-muted-foreground/60">—</span>;
  }
  if (isChat(value)) {
    return (
      <ol className="space-y-1">
        {value.map((turn, index) => (
          <li key={index} className="line-clamp-2 text-sm">
            <span className="font-medium text-muted-foreground">{turn.role}: </span>
            {String(turn.content)}
          </li>
        ))}
      </ol>
    );
  }
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return (
    <span className="line-clamp-3 whitespace-pre-wrap break-words" title={text.length > 120 ? text : undefined}>
      {text}
    </span>
  );
}

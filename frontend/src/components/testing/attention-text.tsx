import type { Attention } from "@/client";
import { readAttention, topTokens } from "@/lib/attention";
import { formatProbability } from "@/lib/format";
import { cn } from "@/lib/utils";


interface AttentionTextProps extends React.ComponentProps<"figure"> {
  attention: Attention;
}

/** "What did it look at": the text with each word shaded by how much attention the classifier paid it. */
export function AttentionText({ attention, className, ...props }: AttentionTextProps) {
  const tokens = readAttention(attention);
  const top = topTokens(tokens);
  return (
    <figure className={cn("space-y-2", className)} {...props}>
      <p className="rounded-md border bg-card px-3 py-2 text-sm leading-7 break-words">
        {tokens.map((token, index) => (
          <span key={index}>
            {token.spaced && " "}
            <mark
              data-strength={token.strength.toFixed(2)}
              title={`${formatProbability(token.share)} of the attention`}
              className="rounded-sm px-px text-foreground"
              style={{ backgroundColor: `color-mix(in oklch, var(--primary) ${Math.round(token.strength * 55)}%, transparent)` }}
            >
              {token.text}
            </mark>
          </span>
        ))}
      </p>
      <figcaption className="text-xs text-muted-foreground">
        {top.length > 0 ? (
          <>
            Looked at most:{" "}
            {top.map((token, index) => (
              <span key={index}>
                {index > 0 && ", "}“<span className="font-medium text-foreground">{token.text}</span>” ({formatProbability(token.share)})
              </span>
            ))}
            . Darker words drew more of its attention.
          </>
        ) : (
          "No words to show."
        )}
      </figcaption>
    </figure>
  );
}

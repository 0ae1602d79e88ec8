import type { Attention } from "@/client";

export interface AttendedToken {
  text: string;
  /** Share of the attention on the words shown, 0 to 1. */
  share: number;
  /** Relative to the most-attended word: 1 for it, so the strongest highlight is always visible. */
  strength: number;
  /** Whether a space goes before it (a new word rather than the rest of one). */
  spaced: boolean;
}

// [CLS], [SEP], <s>, </s>, <|endoftext|>: markers the tokenizer adds, not words of the text
const SPECIAL = /^(\[[A-Z]+\]|<\/?s>|<\|?[a-z_]+\|?>|<pad>)$/;

/**
 * The tokens of one text as readable pieces with their attention: WordPiece "##ing" joins the
 * word before it, byte-level BPE "Ġword" and SentencePiece "▁word" start a new one.
 * Special tokens are left out (the classifier's own marker takes most attention and says nothing).
 */
export function readAttention({ tokens, weights }: Attention): AttendedToken[] {
  const bpe = tokens.some((token) => token.startsWith("Ġ") || token.startsWith("▁"));
  const kept = tokens
    .map((token, index) => ({ token, weight: weights[index] ?? 0 }))
    .filter(({ token }) => !SPECIAL.test(token));
  const total = kept.reduce((sum, { weight }) => sum + weight, 0) || 1;
  const largest = Math.max(0, ...kept.map(({ weight }) => weight)) || 1;
  return kept.map(({ token, weight }, index) => {
    let text = token;
    let spaced = index > 0;
    if (bpe) {
      spaced = index > 0 && /^[Ġ▁]/.test(token);
      text = token.replace(/^[Ġ▁]/, "").replaceAll("Ċ", "\n");
    } else if (token.startsWith("##")) {
      spaced = false;
      text = token.slice(2);
    } else if (/^[.,!?;:%)\]}'’]/.test(token)) {
      spaced = false; // WordPiece splits punctuation off: "canada ?" reads "canada?"
    }
    return { text, share: weight / total, strength: weight / largest, spaced };
  });
}

/** The words that drew the most attention, strongest first. */
export function topTokens(tokens: AttendedToken[], count = 3): AttendedToken[] {
  return [...tokens].filter((t) => t.text.trim()).sort((a, b) => b.share - a.share).slice(0, count);
}

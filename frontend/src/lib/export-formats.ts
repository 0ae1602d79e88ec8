import type { ExportFormat, TaskKind } from "@/client";

export interface FormatInfo {
  format: ExportFormat;
  title: string;
  description: string;
}

/** The download formats, in words. */
export const exportFormats: readonly FormatInfo[] = [
  { format: "pytorch", title: "PyTorch", description: "The model folder as trained (scikit-learn for table models), to load in Python." },
  { format: "onnx", title: "ONNX", description: "Runs anywhere ONNX Runtime does (C#, Java, JavaScript, mobile) without Python." },
  { format: "onnx-int8", title: "ONNX int8", description: "ONNX with weights shrunk to 8 bits: about 4× smaller and faster on CPU, slightly less exact." },
];

/** Why a format is not offered for this kind of model (the server refuses it), or null. */
export function unavailableReason(format: ExportFormat, task: TaskKind | string): string | null {
  if (format === "onnx-int8" && task === "tabular") {
    return "Table models have no int8 variant: their ONNX file holds no large weights to shrink.";
  }
  return null;
}

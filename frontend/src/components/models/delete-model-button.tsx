import { Loader2, Trash2 } from "lucide-react";
import { useState } from "react";

import type { ModelVersion } from "@/client";
import { ErrorState } from "@/components/common/error-state";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { useDeleteModel } from "@/hooks/use-models";

interface DeleteModelButtonProps {
  model: Pick<ModelVersion, "id" | "name" | "version">;
  onDeleted?: () => void;
}

/**
 * Delete asks first; the dialog stays open until the server answers, so a refusal (the model is
 * deployed: 409) shows its message and fix right where the user is.
 */
export function DeleteModelButton({ model, onDeleted }: DeleteModelButtonProps) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteModel();
  const label = `${model.name} v${model.version}`;

  function changeOpen(next: boolean) {
    if (remove.isPending) return;
    setOpen(next);
    if (!next) remove.reset();
  }

  return (
    <AlertDialog open={open} onOpenChange={changeOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" className="text-destructive hover:text-destructive">
          <Trash2 aria-hidden="true" /> Delete
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {label}?</AlertDialogTitle>
          <AlertDialogDescription>
            Its weights and files are removed for good. The run that trained it and its dataset are kept.
          </AlertDialogDescription>
        </AlertDialogHeader>
        {remove.isError && <ErrorState error={remove.error} />}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={remove.isPending}>Cancel</AlertDialogCancel>
          <Button
            variant="destructive"
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(model.id, {
                onSuccess: () => {
                  setOpen(false);
                  onDeleted?.();
                },
              })
            }
          >
            {remove.isPending && <Loader2 aria-hidden="true" className="animate-spin" />}
            Delete
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

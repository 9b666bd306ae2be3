/** Short messages after an action ("Saved", "Sending failed: ..."), read out by screen readers. */
export interface Toast {
  id: number;
  kind: 'ok' | 'error';
  text: string;
}

let toasts = $state<Toast[]>([]);
let next = 1;

export const toaster = {
  get toasts(): readonly Toast[] {
    return toasts;
  },
  show(text: string, kind: Toast['kind'] = 'ok'): void {
    const toast = { id: next++, kind, text };
    toasts = [...toasts, toast];
    setTimeout(() => toaster.dismiss(toast.id), kind === 'error' ? 10_000 : 4_000);
  },
  dismiss(id: number): void {
    toasts = toasts.filter((toast) => toast.id !== id);
  },
};

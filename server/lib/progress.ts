/** Progress of long work (imports, seeding), reported by services and drawn by the CLI. */
export type ProgressFn = (done: number, total: number, label?: string) => void;
export const noProgress: ProgressFn = () => {};

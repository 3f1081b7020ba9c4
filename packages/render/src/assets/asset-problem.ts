/** A problem found in a rendered asset, with as precise a place as the check knows. */
export interface AssetProblem {
  /** Relative to the asset directory, e.g. `userdata/controller.ign`. */
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
  /** A path inside the file (JSON path, embedded file, manifest document), when there is one. */
  readonly path?: string;
  readonly message: string;
}

/** `file:line:col: path: message`, leaving out what is unknown. */
export function formatAssetProblem(problem: AssetProblem): string {
  const place = [problem.file, problem.line, problem.line !== undefined ? problem.col : undefined].filter((p) => p !== undefined).join(':');
  return `${place}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`;
}

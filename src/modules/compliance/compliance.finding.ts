/**
 * One finding of the compliance engine: an obligation not met (a breach) or coming due (a notice). Its own file
 * so the modules that contribute findings (card readers, document validity, return data, disputes) import the
 * shape without importing the engine that imports them.
 */
export interface Finding {
  obligation: string;
  severity: 'breach' | 'notice';
  message: string;
}

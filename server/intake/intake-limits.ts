// What a customer may send with the online form besides its answers.

/** Files a customer may send with the form, and the size of each (or the server's limit, if lower). */
export const INTAKE_FILES = 5;
export const INTAKE_FILE_BYTES = 25 * 1024 * 1024;

/**
 * The build or command cannot go on; the message says what is wrong and what to do. The plugin
 * entry and the CLI print it without a stack trace, which would bury that.
 */
export class MlsdError extends Error {
  override name = 'MlsdError';
}

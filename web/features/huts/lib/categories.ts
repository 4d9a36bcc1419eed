/**
 * Catalogue categories the demo seed and most huts use; each has a name in the `huts` strings
 * (`category.<key>`). Other keys are shown as they are. The server has no category list for huts.
 */
export const HUT_CATEGORIES = [
  'tools',
  'medical',
  'mobility',
  'baby',
  'toys',
  'books',
  'kitchen',
  'household',
  'paper',
  'clothes',
] as const;

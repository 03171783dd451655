// Records: the shared timeline on a person's record. Every agency's updates (the notes on the record), each
// with a sharing level; accuracy checks (who confirmed an entry, when it was last reviewed); corrections that
// keep every earlier text. Each entry is decided by the policy and every read is audited.
export { addEntry, type CorrectionConflict, confirmEntry, correctEntry } from './changes.ts';
export { entryJson, type TimelineEntry } from './entries.ts';
export {
  type ConfirmationInput,
  type CorrectionInput,
  type EntryInput,
  entryInput,
  SHARING_LEVEL_LABELS,
  SHARING_LEVELS,
} from './schema.ts';
export { entryHistory, notesFor, type Timeline, timeline } from './service.ts';

// Successes: the partnership's feed of successes (an outcome achieved, good joint work) and thanks between
// colleagues in different organisations, the guide's remedy for silo working. A success is partnership-level
// text and never links to a person's record, because everyone in the partnership reads the feed.
export { personalDataProblems } from './privacy.ts';
export * from './schema.ts';
export {
  FEED_SIZE,
  type FeedItem,
  feed,
  getSuccess,
  giveThanks,
  postSuccess,
  removeSuccess,
  removeThanks,
  successSummary,
  thanksReceived,
} from './service.ts';

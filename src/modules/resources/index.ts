// Resources: what each member organisation commits to the partnership (staff time in hours a week, funding
// in pounds a year, other assets) and the joint funding bids they make together, with their status.
export { BID_STATUS_LABELS, RESOURCE_KIND_LABELS } from './schema.ts';
export { addBid, addCommitment, resourcesPage } from './service.ts';

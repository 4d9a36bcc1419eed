import { SubjectReviewPanel } from './SubjectReviewPanel';

/**
 * The review prompt of an exchange page (mount it where `abilities.review` is true, or always —
 * it shows nothing until the exchange is paid or resolved): the form, my review, and theirs.
 */
export function ReviewPrompt({ exchangeId }: { exchangeId: string }) {
  return <SubjectReviewPanel kind="exchange" subjectId={exchangeId} />;
}

import { ExchangePage } from '../features/exchanges/routes/ExchangePage';
import { ReviewPrompt } from '../features/reviews/components/ReviewPrompt';

/** An exchange with, once it is finished, the two-way review prompt under its actions. */
export function ExchangeScreen() {
  return <ExchangePage afterActions={(id) => <ReviewPrompt exchangeId={id} />} />;
}

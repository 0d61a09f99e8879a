/**
 * One shared clock for every countdown on screen, ticking every 10 seconds:
 * a board of fifty cards runs one timer, not fifty.
 */
class Clock {
	now = $state(new Date());
}

export const clock = new Clock();

if (typeof window !== 'undefined') {
	setInterval(() => (clock.now = new Date()), 10_000);
}

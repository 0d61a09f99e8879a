/** The browser's current position as a PocketBase geoPoint. */
import { t } from './i18n/ko';
import type { GeoPoint } from './types';

export class LocationError extends Error {}

export function currentPosition(): Promise<GeoPoint> {
	return new Promise((resolve, reject) => {
		if (!('geolocation' in navigator)) {
			reject(new LocationError(t.auth.locationUnsupported));
			return;
		}
		navigator.geolocation.getCurrentPosition(
			(pos) => resolve({ lat: round(pos.coords.latitude), lon: round(pos.coords.longitude) }),
			(err) =>
				reject(new LocationError(err.code === err.PERMISSION_DENIED ? t.auth.locationDenied : t.auth.locationFailed)),
			{ enableHighAccuracy: false, timeout: 10_000, maximumAge: 300_000 }
		);
	});
}

/** Six decimals (~10 cm) is more than enough for a neighbourhood. */
function round(n: number): number {
	return Math.round(n * 1e6) / 1e6;
}

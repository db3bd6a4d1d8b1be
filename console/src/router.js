import { useEffect, useState } from 'preact/hooks';

// Hash routes (#/vaults/NAME), so that the server serves one page for the whole console.

export function useRoute() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  const path = hash.replace(/^#\/?/, '');
  const [route, ...rest] = path.split('/');
  return { route: route || 'dashboard', params: rest.map(decodeURIComponent) };
}

export const href = (...parts) => `#/${parts.map(encodeURIComponent).join('/')}`;

export function go(...parts) {
  location.hash = href(...parts);
}

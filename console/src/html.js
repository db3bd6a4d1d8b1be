import { h } from 'preact';
import htm from 'htm';

/** Preact's elements from tagged template literals: no JSX, so no compile step of its own. */
export const html = htm.bind(h);

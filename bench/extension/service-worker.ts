/** The bench build's service worker: only the age benchmark, reached through CDP (worker.evaluate). */
import './age-in-browser.js';

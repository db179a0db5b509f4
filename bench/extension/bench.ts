/** The bench build's page: only the age benchmark, reached through CDP (page.evaluate). */
import './age-in-browser.js';

// When a page is live: every island on it hydrated (`__SOUK_HYDRATED`). A
// page without islands loads no code and is live once its HTML is parsed.
// Runs in the page: pass it to `page.waitForFunction`.
export const pageIsLive = () =>
  (document.readyState !== "loading" && document.querySelector("leptos-island") === null) ||
  window.__SOUK_HYDRATED === true;

// When a page is live: its code loaded and every island on it hydrated
// (`__SOUK_HYDRATED`). A page that loads no code (no island on it) is live
// once its HTML is parsed. Runs in the page: pass it to
// `page.waitForFunction`.
export const pageIsLive = () =>
  (document.readyState !== "loading" && document.querySelector("link[rel=modulepreload]") === null) ||
  window.__SOUK_HYDRATED === true;

// souk's service worker: shows the Web Push notifications the server
// sends while no page of the site is open, and opens the conversation when
// one is clicked. Served from the site root so its scope is the whole site.
// Payload: {title, body, tag, url, icon} (PushPayload in src/domain/notifications.rs).

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch (_) {
    payload = { body: event.data ? event.data.text() : "" };
  }
  const title = payload.title || "souk";
  event.waitUntil(
    self.registration
      .showNotification(title, {
        body: payload.body || "",
        // One notification per conversation: a newer one replaces it.
        tag: payload.tag || "souk",
        renotify: Boolean(payload.tag),
        icon: payload.icon,
        data: { url: payload.url || "/dashboard/messages" },
      })
      .catch((error) => console.error("souk: a push could not be shown", error)),
  );
});

// A click focuses a tab of the site on the conversation, or opens one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url || "/dashboard/messages", self.location.origin).href;
  event.waitUntil(
    (async () => {
      const tabs = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const tab = tabs.find((client) => new URL(client.url).origin === self.location.origin);
      if (!tab) return self.clients.openWindow(url);
      // Focusing needs the click's user activation: without it, navigate anyway.
      await tab.focus().catch(() => {});
      try {
        await tab.navigate(url);
      } catch (_) {
        // A tab this worker does not control cannot be navigated from
        // here: the page does it (see components/notifications).
        tab.postMessage({ type: "souk-open", url });
      }
    })(),
  );
});

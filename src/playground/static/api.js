// The playground server's JSON API, as used by the page.

async function request(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error ?? `HTTP ${response.status}`);
  return data;
}

/** Thin wrappers around the server's routes. */
export const api = {
  strings: () => request("GET", "/api/strings"),
  state: () => request("GET", "/api/state"),
  calls: () => request("GET", "/api/calls"),
  messages: (chatId) => request("GET", `/api/chats/${chatId}`),
  sendText: (chatId, text) => request("POST", `/api/chats/${chatId}/text`, { text }),
  press: (chatId, messageId, data) =>
    request("POST", `/api/chats/${chatId}/press`, { messageId, data }),
  createUser: (user) => request("POST", "/api/users", user),
  setClock: (instant) => request("POST", "/api/clock", { instant }),
  commands: (chatId) => request("GET", `/api/chats/${chatId}/commands`),
  sendLocation: (chatId, latitude, longitude) =>
    request("POST", `/api/chats/${chatId}/location`, { latitude, longitude }),
  sendPhoto: (chatId, caption) =>
    request("POST", `/api/chats/${chatId}/photo`, caption ? { caption } : {}),
  sendDocument: (chatId, file) => request("POST", `/api/chats/${chatId}/document`, file),
  fileUrl: (chatId, messageId) => `/api/chats/${chatId}/files/${messageId}`,
};

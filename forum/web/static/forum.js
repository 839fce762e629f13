// The forum's page: an xterm.js terminal on the websocket of one session of the app.
// Messages follow textual-serve's format: ["stdin", text], ["resize", {width, height}]
// and ["ping", x] to the server; binary output, ["pong", x] and ["open_url", {url}] back.
"use strict";

(() => {
  const PIECE = 4096; // characters a message: the server refuses very large ones
  const element = document.getElementById("terminal");
  const state = { terminal: null, socket: null, status: "starting" };
  let started;
  state.ready = new Promise((resolve) => (started = resolve)); // the terminal exists
  window.forum = state; // what the page's tests read (the screen as text, the status)

  state.text = () => {
    const buffer = state.terminal.buffer.active;
    const lines = [];
    for (let row = 0; row < state.terminal.rows; row++) {
      const line = buffer.getLine(buffer.viewportY + row);
      lines.push(line ? line.translateToString(true, 0, state.terminal.cols) : "");
    }
    return lines.join("\n");
  };

  // Resolves with the screen's text once it shows `text` (or, `gone`, no longer does):
  // for the page's tests and screenshots, which cannot evaluate code of their own in a
  // page under this Content-Security-Policy.
  state.waitFor = async (text, gone = false, within = 10000) => {
    await state.ready;
    return new Promise((resolve, reject) => {
      let subscription = null;
      const timer = setTimeout(() => {
        subscription.dispose();
        const what = `the screen never ${gone ? "lost" : "showed"} ${text}`;
        reject(new Error(`${what}:\n${state.text()}`));
      }, within);
      const check = () => {
        const shown = state.text();
        if (shown.includes(text) !== gone) {
          clearTimeout(timer);
          if (subscription) subscription.dispose();
          resolve(shown);
          return true;
        }
        return false;
      };
      if (!check()) subscription = state.terminal.onWriteParsed(check);
    });
  };

  function send(message) {
    const socket = state.socket;
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
    }
  }

  function sendInput(data) {
    for (let start = 0; start < data.length; ) {
      let end = Math.min(start + PIECE, data.length);
      const last = data.charCodeAt(end - 1);
      if (end < data.length && last >= 0xd800 && last <= 0xdbff) end -= 1; // keep pairs whole
      send(["stdin", data.slice(start, end)]);
      start = end;
    }
  }

  function showLink(url) {
    const bar = document.getElementById("link");
    const anchor = document.getElementById("link-address");
    anchor.href = url;
    anchor.textContent = url;
    bar.hidden = false;
  }

  function openLink(url) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch (error) {
      return;
    }
    if (!["http:", "https:", "mailto:"].includes(parsed.protocol)) return;
    window.open(parsed.href, "_blank", "noopener,noreferrer");
    showLink(parsed.href); // in case the browser kept the new tab from opening
  }

  function received(event) {
    if (typeof event.data !== "string") {
      state.terminal.write(new Uint8Array(event.data));
      return;
    }
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (error) {
      return;
    }
    if (message[0] === "open_url" && message[1] && typeof message[1].url === "string") {
      openLink(message[1].url);
    }
  }

  function connect() {
    const url = new URL(element.dataset.socket, window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("width", state.terminal.cols);
    url.searchParams.set("height", state.terminal.rows);
    const socket = new WebSocket(url);
    socket.binaryType = "arraybuffer";
    state.socket = socket;
    state.status = "connecting";
    socket.addEventListener("open", () => {
      state.status = "open";
      send(["resize", { width: state.terminal.cols, height: state.terminal.rows }]);
      state.terminal.focus();
    });
    socket.addEventListener("message", received);
    socket.addEventListener("close", () => {
      state.status = "closed";
      document.getElementById("ended").hidden = false;
    });
  }

  function start() {
    const terminal = new Terminal({
      fontFamily: '"Roboto Mono", ui-monospace, monospace',
      fontSize: 16,
      scrollback: 0,
      cursorBlink: false,
      macOptionIsMeta: true,
    });
    state.terminal = terminal;
    const fit = new FitAddon.FitAddon();
    terminal.loadAddon(fit);
    terminal.open(element);
    try {
      const webgl = new WebglAddon.WebglAddon(); // draws box and block characters itself
      webgl.onContextLoss(() => webgl.dispose());
      terminal.loadAddon(webgl);
    } catch (error) {
      // no WebGL: xterm.js draws with the DOM instead
    }
    fit.fit();
    terminal.onData(sendInput);
    terminal.onResize(({ cols, rows }) => send(["resize", { width: cols, height: rows }]));
    let pending = false;
    new ResizeObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        fit.fit();
      });
    }).observe(element);
    document.getElementById("link-close").addEventListener("click", () => {
      document.getElementById("link").hidden = true;
      terminal.focus();
    });
    document.getElementById("again").addEventListener("click", () => {
      document.getElementById("ended").hidden = true;
      terminal.reset();
      connect();
    });
    connect();
    started();
  }

  // Measure the font's cells once it has loaded, or the terminal is sized for another.
  document.fonts.load('16px "Roboto Mono"').then(start, start);
})();

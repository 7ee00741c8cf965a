// Starts the one-file edition of the calculator
// (dist/ips-equity-calculator.html), which runs from a saved file, an email
// attachment or a shared drive with no server and no network. The build
// (src/one_file/) puts this script last in the page's one inline module
// script, after the wasm-bindgen glue, and defines before it:
//   oneFileGlue: the glue's exports, its initialiser as `default`;
//   oneFileWasm: the page's WebAssembly, in base64.
// The page's policy allows no connection at all (connect-src 'none'), so
// the wasm comes from the page itself rather than from a fetch, and there is
// no service worker to register: a file needs none to work offline.

function showFailure() {
  const message = document.createElement("p");
  message.className = "app-noscript";
  message.textContent =
    "The IPS Equity Calculator could not start in this browser. " +
    "It needs a browser that runs WebAssembly.";
  document.body.append(message);
}

// atob gives one character per byte (a "binary string"); a loop copies
// them out without building a second array of the same length.
function decodeBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) {
    bytes[index] = binary.charCodeAt(index);
  }
  return bytes;
}

Promise.resolve()
  .then(() => oneFileGlue.default({ module_or_path: decodeBase64(oneFileWasm) }))
  .catch((error) => {
    console.error(error);
    showFailure();
  });

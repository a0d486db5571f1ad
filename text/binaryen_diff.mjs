// Dev-only: see differential.sh. Prints DIFF lines and a summary.
import path from "path";
import { execSync } from "child_process";
const root = execSync("npm root -g").toString().trim();
const binaryen = (await import(path.join(root, "binaryen", "index.js"))).default;
import fs from "fs";
const dir = process.argv[2];
const files = fs.readdirSync(dir).filter(f => f.endsWith(".wat"));
let same = 0, differ = 0, skipped = 0;
binaryen.setDebugInfo(false);
// Binaryen's reader rewrites stacky code (scratch locals) and its writer
// reorders types: pass both sides through writer and reader alike.
function roundTrip(m) {
  m.setFeatures(binaryen.Features.All);
  const bin = m.emitBinary(); m.dispose();
  return binaryen.readBinary(bin);
}
function print(m) {
  m = roundTrip(m);
  m.setFeatures(binaryen.Features.All);
  const t = m.emitText(); m.dispose(); return t;
}
for (const f of files) {
  const n = dir + "/" + f.slice(0, -4);
  let fromWat;
  try {
    fromWat = print(roundTrip(binaryen.parseText(fs.readFileSync(n + ".wat", "utf8"))));
  } catch (e) { skipped++; continue; }
  let fromWasm;
  try {
    fromWasm = print(binaryen.readBinary(fs.readFileSync(n + ".wasm")));
  } catch (e) { differ++; console.log("DIFF (binaryen rejects weft's bytes) " + fs.readFileSync(n + ".src", "utf8").trim() + " " + n); continue; }
  if (fromWat === fromWasm) same++;
  else { differ++; fs.writeFileSync(n + ".from_wat", fromWat); fs.writeFileSync(n + ".from_wasm", fromWasm); console.log("DIFF " + fs.readFileSync(n + ".src", "utf8").trim() + " " + n); }
}
console.log(`same ${same}, differ ${differ}, binaryen cannot read the text: ${skipped}`);

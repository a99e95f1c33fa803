#!/usr/bin/env node
// Creates a stand-in for the Electron distribution so electron-builder can pack the app where
// the real Electron zip cannot be downloaded (DESIGN.md). The "binary" is a shell script that
// carries an Electron fuse wire, so the fuse settings in electron-builder.yml are applied to it
// as they would be to the real one. Usage:
//   dir=$(node build/stand-in-electron.mjs) && npx electron-builder --linux dir -c.electronDist="$dir"
// The output is NOT a runnable app; real installers are built with `npm run dist` on a machine
// with a network.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_WIRE_VERSION = 1;
// Electron's defaults for its fuses: RunAsNode, CookieEncryption, NodeOptions, CliInspect,
// AsarIntegrity, OnlyLoadAppFromAsar, BrowserV8Snapshot, FileProtocolExtraPrivileges.
const DEFAULT_WIRE = '10110001';

const dir = mkdtempSync(join(tmpdir(), 'electron-stand-in-'));
mkdirSync(join(dir, 'resources'));
const wire = Buffer.concat([
  Buffer.from(FUSE_SENTINEL, 'ascii'),
  Buffer.from([FUSE_WIRE_VERSION, DEFAULT_WIRE.length]),
  Buffer.from(DEFAULT_WIRE, 'ascii'),
]);
const script = Buffer.concat([
  Buffer.from('#!/bin/sh\necho "Electron stand-in: this package was built without the Electron runtime." >&2\nexit 1\n# '),
  wire,
  Buffer.from('\n'),
]);
writeFileSync(join(dir, 'electron'), script);
chmodSync(join(dir, 'electron'), 0o755);
writeFileSync(join(dir, 'version'), '45.4.1');
process.stdout.write(`${dir}\n`);

// What the server itself said in a non-2xx body, reduced to one short line.
// Each provider wraps its message differently, and a proxy in between may answer
// with a whole HTML page; the user needs the sentence, not the page. The sentence
// is decoded in full, redacted, and only then cut: cutting first could leave half
// a key that no longer matches.

import { redactThenCut } from '../redact';
import type { ProviderKind } from '../types';

export const MAX_PROVIDER_MESSAGE_CHARS = 300;

export function providerMessageFrom(
  body: string,
  contentType: string | undefined,
  kind: ProviderKind | undefined,
  secrets: readonly string[] = [],
): string | undefined {
  const line = extractedLine(body, contentType, kind);
  return line === undefined ? undefined : redactThenCut(line, secrets, MAX_PROVIDER_MESSAGE_CHARS);
}

function extractedLine(body: string, contentType: string | undefined, kind: ProviderKind | undefined): string | undefined {
  const trimmed = body.trim();
  if (!trimmed) return undefined;
  const type = (contentType ?? '').toLowerCase();

  if (looksLikeHtml(trimmed, type)) return htmlTitle(trimmed);

  if (type.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const parsed = tryParseJson(trimmed);
    if (parsed !== undefined) {
      const message = messageFromJson(parsed, kind);
      if (message) return oneLine(message);
      // An unknown JSON shape is still more useful than nothing.
      return oneLine(JSON.stringify(parsed));
    }
  }
  return oneLine(trimmed);
}

function looksLikeHtml(body: string, type: string): boolean {
  if (type.includes('html')) return true;
  return /^(?:<!doctype html|<html[\s>]|<head[\s>]|<title[\s>])/i.test(body);
}

function htmlTitle(html: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  if (!match) return undefined;
  const text = decodeEntities(match[1].replace(/<[^>]*>/g, ''));
  return text.trim() ? oneLine(text) : undefined;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (whole, entity: string) => {
    const name = entity.toLowerCase();
    if (name.startsWith('#x')) return codePoint(parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return codePoint(parseInt(name.slice(1), 10), whole);
    return NAMED_ENTITIES[name] ?? whole;
  });
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function codePoint(value: number, fallback: string): string {
  return Number.isInteger(value) && value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : fallback;
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Shapes, most common first:
 *   OpenAI, OpenRouter, vLLM, LM Studio  {"error":{"message":"…","type":…}}
 *   Anthropic                            {"type":"error","error":{"type":"…","message":"…"}}
 *   Ollama, llama.cpp (older)            {"error":"…"}
 *   FastAPI-based servers                {"detail":"…"} or {"detail":[{"msg":"…"}]}
 *   others                               {"message":"…"}, or any of these inside an array
 */
function messageFromJson(value: unknown, kind: ProviderKind | undefined): string | undefined {
  if (Array.isArray(value)) return value.length > 0 ? messageFromJson(value[0], kind) : undefined;
  if (!isRecord(value)) return typeof value === 'string' ? value : undefined;

  const error = value.error;
  if (typeof error === 'string') return error;
  if (isRecord(error)) {
    const message = textOf(error.message);
    // OpenRouter wraps the upstream provider's answer; its own message alone says little.
    const raw = isRecord(error.metadata) ? textOf(error.metadata.raw) : undefined;
    if (message && raw && raw !== message) return `${message} (${raw})`;
    if (message) return message;
    if (kind === 'anthropic' && textOf(error.type)) return textOf(error.type);
  }
  return textOf(value.message) ?? detailOf(value.detail) ?? textOf(value.msg);
}

function detailOf(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail) && isRecord(detail[0])) return textOf(detail[0].msg);
  return undefined;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

import { useEffect, useState } from 'react';
import { LANG_TAGS, type Lang } from '../../shared/i18n';
import { speechSegments, voiceFor } from './speech-text';

// The Web Speech API, where the system has it. Nothing here may throw: the caption shows the
// same text, so a silent system loses nothing a reader needs.

/** Clear and a little slower than conversation, for elderly listeners. */
const RATE = 0.9;

function synth(): SpeechSynthesis | null {
  try {
    return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined' ? window.speechSynthesis : null;
  } catch {
    return null;
  }
}

/** The system's voices, kept current (Chromium loads them after the page); null without speech at all. */
export function useVoices(): SpeechSynthesisVoice[] | null {
  const [voices, setVoices] = useState<SpeechSynthesisVoice[] | null>(() => synth()?.getVoices() ?? null);
  useEffect(() => {
    const s = synth();
    if (!s) return;
    const update = () => setVoices(s.getVoices());
    update();
    s.addEventListener('voiceschanged', update);
    return () => s.removeEventListener('voiceschanged', update);
  }, []);
  return voices;
}

/** Whether the system can speak this language in a voice of its own. */
export function canSpeak(voices: readonly SpeechSynthesisVoice[] | null, lang: Lang): boolean {
  return !!voices && !!voiceFor(voices, LANG_TAGS[lang]);
}

/** Speaks a text, replacing whatever was being said; Chinese names inside a translation in a Chinese voice. */
export function speak(text: string, lang: Lang, voices: readonly SpeechSynthesisVoice[] | null): void {
  const s = synth();
  if (!s) return;
  try {
    s.cancel();
    for (const seg of speechSegments(text, lang)) {
      const u = new SpeechSynthesisUtterance(seg.text);
      u.lang = LANG_TAGS[seg.lang];
      u.rate = RATE;
      const voice = voiceFor(voices ?? [], u.lang);
      if (voice) u.voice = voice;
      s.speak(u);
    }
  } catch {
    // A broken speech engine must not break the screen.
  }
}

export function hush(): void {
  try {
    synth()?.cancel();
  } catch {
    // nothing to stop
  }
}

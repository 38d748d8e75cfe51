import { useEffect, useRef } from 'react';
import { TextArea as AdmTextArea, type TextAreaProps, type TextAreaRef } from 'antd-mobile';

/**
 * antd-mobile's TextArea puts native props on its wrapper, not on the <textarea>, so a screen reader would meet an
 * unnamed field. This one names the <textarea> itself.
 */
export function TextArea({ label, ...props }: TextAreaProps & { label: string }) {
  const ref = useRef<TextAreaRef>(null);
  useEffect(() => {
    ref.current?.nativeElement?.setAttribute('aria-label', label);
  }, [label]);
  return <AdmTextArea ref={ref} {...props} />;
}

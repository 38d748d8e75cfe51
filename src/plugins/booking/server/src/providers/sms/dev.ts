/**
 * Local development only: nothing leaves the machine, and the message (verification code included) is written to
 * the log so a developer can sign in without a real gateway. Printing codes is exactly why it must never run in
 * production, where it would both leak codes into logs and silently drop every SMS.
 */
import { randomUUID } from 'node:crypto';
import { maskPhone } from '../../domain/masking';
import { allowsStandInProviders } from '../../domain/environment';
import type { SmsLogger, SmsMessage, SmsProvider, SmsSendResult } from './types';

export function createDevSmsProvider(logger: SmsLogger, nodeEnv = process.env.NODE_ENV): SmsProvider {
  if (!allowsStandInProviders(nodeEnv)) {
    throw new Error(
      `The dev SMS provider only logs messages and is refused unless NODE_ENV is development or test (got "${nodeEnv}"); ` +
        'set SMS_PROVIDER to aliyun or tencent and configure its credentials.',
    );
  }
  return {
    name: 'dev',
    async send(message: SmsMessage): Promise<SmsSendResult> {
      // The number is masked like everywhere else in the logs; the params are not, they are the point.
      logger.info(`[sms:dev] to ${maskPhone(message.phone)} template ${message.templateKey} params ${JSON.stringify(message.params)}`);
      return { provider: 'dev', messageId: `dev-${randomUUID()}` };
    },
  };
}

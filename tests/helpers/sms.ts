import { startFakeAliyunSms, type FakeAliyunSms } from '../fakes/aliyun-sms';

const ACCESS_KEY_ID = 'LTAI-test-access-key';
const ACCESS_KEY_SECRET = 'test-secret-for-the-fake-gateway';

/**
 * The app sends SMS through the real Aliyun SDK to a loopback fake gateway that verifies the ACS3 signature;
 * tests read the code the "phone" received from the fake.
 */
export async function startSmsGateway() {
  const gateway: FakeAliyunSms = await startFakeAliyunSms({ accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET });
  const env = {
    SMS_PROVIDER: 'aliyun',
    SMS_ALIYUN_ACCESS_KEY_ID: ACCESS_KEY_ID,
    SMS_ALIYUN_ACCESS_KEY_SECRET: ACCESS_KEY_SECRET,
    SMS_ALIYUN_ENDPOINT: gateway.endpoint,
    SMS_ALIYUN_PROTOCOL: 'http',
    SMS_ALIYUN_SIGN_NAME: '安心陪护',
    SMS_ALIYUN_TEMPLATES: 'verification_code=SMS_480000001,order_update=SMS_480000002',
  };
  const lastCode = (phone: string) => {
    const message = [...gateway.messages].reverse().find((m) => m.phone === phone && m.templateCode === 'SMS_480000001');
    if (!message) throw new Error(`no verification code was sent to ${phone}`);
    return message.params.code;
  };
  return { gateway, env, lastCode };
}

import {
  COMPOUND_SURNAMES,
  honorificName,
  maskEmail,
  maskIdNumber,
  maskMiddle,
  maskName,
  maskPhone,
  surnameOf,
  YOUNG_HONORIFIC_MAX_AGE,
} from '../../src/plugins/booking/server/src/domain/masking';

describe('maskMiddle', () => {
  test.each<[string | null | undefined, number, number, string]>([
    ['abcdefgh', 2, 2, 'ab****gh'],
    ['abcdefgh', 0, 3, '*****fgh'],
    ['abcdefgh', 3, 0, 'abc*****'],
    ['abcde', 2, 2, 'ab*de'],
    ['abcd', 2, 2, '****'], // too short to hide anything -> fully masked
    ['abc', 2, 2, '***'],
    ['上海市浦东新区', 2, 1, '上海****区'],
    ['😀😀😀😀', 1, 1, '😀**😀'], // surrogate pairs are not split
    ['abcdef', -1, 2.7, '****ef'],
    ['', 1, 1, ''],
    [null, 1, 1, ''],
    [undefined, 1, 1, ''],
  ])('maskMiddle(%p, %d, %d) -> %p', (value, start, end, expected) => {
    expect(maskMiddle(value, start, end)).toBe(expected);
  });
});

describe('maskIdNumber', () => {
  test.each<[string | null | undefined, string]>([
    ['11010519491231002X', '110105********002X'],
    ['11010519491231002x', '110105********002X'],
    [' 440524188001010014 ', '440524********0014'],
    ['110105491231002', '110105*****1002'], // legacy 15-digit number
    ['1234567890', '**********'], // too short: nothing revealed
    ['123', '***'],
    ['', ''],
    [null, ''],
    [undefined, ''],
  ])('%p -> %p', (value, expected) => {
    expect(maskIdNumber(value)).toBe(expected);
  });
});

describe('maskPhone', () => {
  test.each<[string | null | undefined, string]>([
    ['13812341234', '138****1234'],
    [' 13812341234 ', '138****1234'],
    ['138 1234 1234', '138****1234'],
    ['+8613812341234', '+86 138****1234'],
    ['+86 138 1234 1234', '+86 138****1234'],
    ['86-13812341234', '+86 138****1234'],
    ['008613812341234', '+86 138****1234'],
    ['010-12345678', '010*****5678'], // landline: generic masking
    ['1234567', '1234567'.replace(/./g, '*')],
    ['', ''],
    [null, ''],
    [undefined, ''],
  ])('%p -> %p', (value, expected) => {
    expect(maskPhone(value)).toBe(expected);
  });
});

describe('surnameOf / maskName', () => {
  test.each<[string | null | undefined, string, string]>([
    ['王秀英', '王', '王**'],
    ['李娜', '李', '李*'],
    ['欧阳娜娜', '欧阳', '欧阳**'],
    ['司马相如', '司马', '司马**'],
    ['诸葛亮', '诸葛', '诸葛*'],
    ['上官婉儿', '上官', '上官**'],
    ['端木蓉', '端木', '端木*'],
    ['欧阳', '欧', '欧*'], // too short to be compound surname + given name
    [' 张三 ', '张', '张*'],
    ['王', '王', '*'],
    ['买买提·艾力', '买', '买*****'],
    ['John Smith', 'J', 'J*********'],
    ['', '', ''],
    [null, '', ''],
    [undefined, '', ''],
  ])('%p -> surname %p, masked %p', (name, surname, masked) => {
    expect(surnameOf(name)).toBe(surname);
    expect(maskName(name)).toBe(masked);
  });

  it.each(COMPOUND_SURNAMES.map((s) => [s]))('keeps compound surname %s', (surname) => {
    expect(maskName(`${surname}某某`)).toBe(`${surname}**`);
    expect(honorificName(`${surname}某某`, 'female', 50)).toBe(`${surname}阿姨`);
  });

  it('lists all required compound surnames', () => {
    expect(COMPOUND_SURNAMES).toHaveLength(17);
  });
});

describe('honorificName', () => {
  test.each<[string | null | undefined, 'male' | 'female', number | undefined | null, string]>([
    ['王秀英', 'female', 52, '王阿姨'],
    ['王建国', 'male', 48, '王师傅'],
    ['欧阳娜娜', 'female', 45, '欧阳阿姨'],
    ['慕容复', 'male', 40, '慕容师傅'],
    ['王秀英', 'female', undefined, '王阿姨'],
    ['王建国', 'male', null, '王师傅'],
    ['李娜', 'female', YOUNG_HONORIFIC_MAX_AGE, '李阿姨'],
    ['李娜', 'female', YOUNG_HONORIFIC_MAX_AGE - 1, '小李'],
    ['张伟', 'male', 24, '小张'],
    ['', 'female', 50, ''],
    [null, 'male', 50, ''],
  ])('%p (%s, %p) -> %p', (name, gender, age, expected) => {
    expect(honorificName(name, gender, age)).toBe(expected);
  });
});

describe('maskEmail', () => {
  test.each<[string | null | undefined, string]>([
    ['zhangsan@example.com', 'z******n@example.com'],
    ['ab@qq.com', 'a*@qq.com'],
    ['a@qq.com', '*@qq.com'],
    ['abc@163.com', 'a*c@163.com'],
    ['"odd@local"@example.com', '"*********"@example.com'],
    ['not-an-email', 'n***********'],
    ['@example.com', '@***********'],
    ['', ''],
    [null, ''],
    [undefined, ''],
  ])('%p -> %p', (value, expected) => {
    expect(maskEmail(value)).toBe(expected);
  });
});

import type { CardFields } from '../shared/idcard.js';

// Cards of the simulated ID-card reader for `npm start` and training. Fictitious people:
// the ID numbers carry correct GB 11643 check digits but belong to no one; the photos are
// drawn silhouettes (102 × 126 PNG, like a card photo).

export interface SimulatedCard extends CardFields {
  /** What the developer panel shows. */
  label: string;
}

const PHOTO_BLUE = 'iVBORw0KGgoAAAANSUhEUgAAAGYAAAB+BAMAAAAkdHmnAAAAMFBMVEXf6fPJpIc6SmMrJSLPtaFca4GXorLS1t2Aipm1v8zVyL9cT0eihXB6bGNCODFIWHAsV7zkAAAACXBIWXMAAAsTAAALEwEAmpwYAAACIUlEQVRYw+3WzytEURQH8CEzjB9xa6JmrG75tbK4C4TJ+w80C9mZlFj6UcqOEWuxsDS2slCznMhs/Ypsh40lScrCCs+Ee+87b845ipT33Smf3p3vOTPvhkJBggQJ8r+y44jYDktUO8JNbJpDTvP36j5fZKDdA1XK7RGV1N+ojyQPaSSaU1/pXyOZZaWnl0IalJlzgrm0zCBOapSdRdRslPraL56cXJUq70ONW1qyKEppvXarw0jE/aeC+Mzx299pxNS9EaEnodQeYuZUsmAYcaZ60IFeCCs5bKyXAzYRCWxCuYLHiDxi7rxEJBCzBJhmxGwDJo4YBzCxHzACSmBQ81vz+c7uzACmBTEVgGlCTBVghhBTC5gs9ooDDPqyc9hVQ2XHUVPBrg0qIYu/gBz2x/FuQgvB1PKPZh+OcjR7fYZIxngQ7THmg4iP0XchHmJe37gXODb51t0yyJ/OwtTK2It8eRpd3SSK+RX5ldFJyqpNSDMj6NJFM9JOG3KVj6akZCKQICgj4XT6ky3pl2ffu7X0j98de7yM8TldjSyXRVYBZR4UkeWTZn4aN+3AOCUW72DDqBlmNgC2gB/Ne7gwwQwzW4OaeySYbt5AobE2ksyDYdZJpsswKZJpM36gJC3T7ArMEsJEo091lmg6mFtgb0KKaPTiJDW8L4L9dYiQTZpdtV52Jdk8sMejD2idbLrYI9WHmiGbTvYa6IvwSDbvPyOvs6NRCtJVWYEAAAAASUVORK5CYII=';
const PHOTO_RED = 'iVBORw0KGgoAAAANSUhEUgAAAGYAAAB+BAMAAAAkdHmnAAAAMFBMVEXJpIfz5t9rOjorJSLPsJufgXXdx7vw4dmwlY6AWlbRua+Ha2RJPjfo1stjVEh1RkYfSwrMAAAACXBIWXMAAAsTAAALEwEAmpwYAAACdUlEQVRYw+3Wz2vTYBjA8fdQfyAqCDVJK/XwYka7HnZ4mQxXJPOiF6EG5hBF2omIngxsgnjQdF5EEDoZigiaCZ61MtTz8DZkBf8B2UnoaRfxNBvL3iZ5n+R5FhQc5HtqIB/e5H1fmpcd2XksM5nJTGZ2r9FvWSz31tmJKVnML9elm5L1uLcm1r5+ghForm+IQacvUs38qtiuNkMzxSHpI49kFkSwCYq5J8J9JJgPETOJm6Mi2gXUvBm8+o+V6enPvT+/T2FG9yettsQG7XnpXzmIMfyVrDPZ1f61i5jjffKABXoixHfEXBO1Ogt1RZxEzIJ4xyJtTCDm6XiUsMOTiFmtK4b1EPNFJewgYoBh2H7ENACzFzGvAXMAMRZgcohhf8mwXWzSzFsak2ZN0+yddcAcQsxtwOxDTB4wU4jRANNETAkwXey/10KXRzUNdKpVk0enQDUaOgXAN8vCXgcw68gugIyGPRr03baQR4PMXMicJRk9OFDOoZ1d5pKHgc9Ijfg9kHAW236y7j8986U6W2Zn8v/a3Dl3+dUW3/q18vAG0Xy7xIctnSeY0iMe7nkXM0WbR6t6ySa/yNUqU0lG63CoihdvdJvDmU6sucnjehFnDB6fG2NaCcaEzTxPagY0dqIxIWPw5FzAtBBTVo3GsZqKuYuaZ4qxUWNGTZHjeRFTIJh2xJwhmBNho28SzJgTMgan5IZMgWTaIbNMMqMh0yGZatBonFYzYAyicQOmQDTtgJklmpGAaRFNOWAWiaYyNDqn5khTJBtPGoNsXGmOkc17ae6TzU9pZslmRJplshmVpkU2ZWlssjGl6ZBNVZpNshnzb/8Ncv03kb5+UEEAAAAASUVORK5CYII=';
const PHOTO_GREEN = 'iVBORw0KGgoAAAANSUhEUgAAAGYAAAB+BAMAAAAkdHmnAAAAMFBMVEXj8OHJpIcvWjorJSLPtJpSd1qUqpbe59fR18VcUEajiHG0x7V3lHzVxq97bWBCODF5ejICAAAACXBIWXMAAAsTAAALEwEAmpwYAAACMUlEQVRYw+2Xu0sDQRCHg8REiQoLwURBkIWIYLoF8QEm9x/IFVpoERTBwiIWNtr4ADtBSJVGSSUGfKCIrQS01k6sFLsUWlhpo55Bvduby8wEFcX7uoP72NvfzLJzgYCPj4/PvyK8ZojoZZajNBjCIrrIWMXYzT+r53w5Sl/palNVeNyhKvMP6p3UFk2J5NQn/fskZ1LZ6aUoLcrJNcG51ZwhXGlSOieoc1jJa6NcLN5VIh9EHSu0VFlUaL+3osOUkPVSQXyw/fqcQZxGp/ImrSPOiko5FCH2VB9a0BuhkcPKejugK6INq1Cu4HJEHnGe3IpoQxxgGdGKOBeA0/ENjgE4UcQRX+SIP+zUklstzk/1wRLgxBFnFnBiiBMEnDTiNAPOOXbFAQ562Rns8kDBxVEnyI4ACoFw4Rvs7birGiM4zczqAB9H+TQ9uXSANu3YlyFOPEH2Mo6D1xGgz2LML6tx5qtptvT51SzMnJpSysT42THRWD2Vn4xPU1ptSjoZQZsuUpI6CWSUj5hSMiVQqS6FSxIm6X0qjqQXY56ztfTGa8aeqOIkPf4uZDXgP41SVSfJ3Y3XjiYQpwvoM4nh7rs51BllJgCmEJE4etfVE5xhZmpAcmGT4CSyrIJCZa0nOc4NHZCcHodjkpwEr3Hc7RMiOhl2BM4QlolON7ML9E4wiY4tuLCkkmUdBP04hMhOhh21Pew6stPJLo+9QAdkp4ddUntRS2QnyW4DeyNIOtbrL4yPVWskhGWlAAAAAElFTkSuQmCC';

const png = (base64: string) => ({ mime: 'image/png' as const, base64 });

export const SIMULATED_CARDS: readonly SimulatedCard[] = [
  {
    label: '王建华（居民身份证）',
    cardType: 'resident',
    name: '王建华',
    sex: '男',
    ethnicity: '汉',
    birthDate: '1978-04-12',
    address: '黑龙江省漠河市西林吉镇河南街道八委12组',
    idNumber: '232701197804120317',
    issuer: '漠河市公安局',
    validFrom: '2018-06-01',
    validTo: '2038-06-01',
    photo: png(PHOTO_BLUE),
  },
  {
    label: '李秀兰（居民身份证，长期有效）',
    cardType: 'resident',
    name: '李秀兰',
    sex: '女',
    ethnicity: '满',
    birthDate: '1956-09-23',
    address: '黑龙江省漠河市北极镇北极村三组',
    idNumber: '232701195609230247',
    issuer: '漠河市公安局',
    validFrom: '2012-05-08',
    validTo: '长期',
    photo: png(PHOTO_RED),
  },
  {
    label: '巴特尔（居民身份证，蒙古族）',
    cardType: 'resident',
    name: '巴特尔',
    sex: '男',
    ethnicity: '蒙古',
    birthDate: '1995-01-30',
    address: '黑龙江省漠河市图强镇新街道二委5组',
    idNumber: '232701199501300571',
    issuer: '漠河市公安局',
    validFrom: '2021-03-15',
    validTo: '2041-03-15',
    photo: png(PHOTO_GREEN),
  },
  {
    label: '陈美玲（港澳台居民居住证）',
    cardType: 'hk_macao_tw_permit',
    name: '陈美玲',
    sex: '女',
    ethnicity: '',
    birthDate: '1992-03-15',
    address: '黑龙江省漠河市西林吉镇中华路88号',
    idNumber: '810000199203150028',
    issuer: '漠河市公安局',
    validFrom: '2023-07-01',
    validTo: '2028-07-01',
    photo: png(PHOTO_RED),
  },
  {
    label: '伊万诺夫（外国人永久居留身份证）',
    cardType: 'foreigner_permanent',
    name: '伊万诺夫·阿列克谢',
    englishName: 'IVANOV, ALEXEI',
    nationality: 'RUS',
    sex: '男',
    ethnicity: '',
    birthDate: '1985-06-12',
    address: '',
    idNumber: '923643198506120017',
    issuer: '中华人民共和国国家移民管理局',
    validFrom: '2024-05-20',
    validTo: '2034-05-20',
    photo: png(PHOTO_BLUE),
  },
];

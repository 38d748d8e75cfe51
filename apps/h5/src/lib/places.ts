/**
 * Approximate district centres of the seeded cities. A production front end takes the exact point from a map SDK
 * (AMap, Tencent Maps) or the browser's geolocation; this reference app lets people pick a district and refine
 * with "使用当前位置", so that dispatch always has a point to measure distance from.
 */
export interface District {
  name: string;
  latitude: number;
  longitude: number;
}

export const DISTRICTS: Record<string, District[]> = {
  '110100': [
    { name: '东城区', latitude: 39.9288, longitude: 116.4163 },
    { name: '西城区', latitude: 39.9123, longitude: 116.366 },
    { name: '朝阳区', latitude: 39.9219, longitude: 116.4431 },
    { name: '海淀区', latitude: 39.9599, longitude: 116.2983 },
    { name: '丰台区', latitude: 39.8585, longitude: 116.287 },
    { name: '石景山区', latitude: 39.9056, longitude: 116.2229 },
    { name: '通州区', latitude: 39.9099, longitude: 116.6566 },
    { name: '昌平区', latitude: 40.2207, longitude: 116.2312 },
    { name: '大兴区', latitude: 39.7269, longitude: 116.3416 },
    { name: '顺义区', latitude: 40.1302, longitude: 116.6546 },
  ],
  '310100': [
    { name: '黄浦区', latitude: 31.2317, longitude: 121.4846 },
    { name: '徐汇区', latitude: 31.1885, longitude: 121.4365 },
    { name: '长宁区', latitude: 31.2204, longitude: 121.4244 },
    { name: '静安区', latitude: 31.229, longitude: 121.448 },
    { name: '普陀区', latitude: 31.2495, longitude: 121.3956 },
    { name: '虹口区', latitude: 31.2646, longitude: 121.505 },
    { name: '杨浦区', latitude: 31.2595, longitude: 121.526 },
    { name: '浦东新区', latitude: 31.2215, longitude: 121.5447 },
    { name: '闵行区', latitude: 31.1128, longitude: 121.3817 },
  ],
};

export const CITY_NAMES: Record<string, string> = { '110100': '北京市', '310100': '上海市' };

/** The browser's position, or null when it is refused, unavailable or slow. */
export function currentPosition(timeoutMs = 8000): Promise<{ latitude: number; longitude: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: Number(p.coords.latitude.toFixed(6)), longitude: Number(p.coords.longitude.toFixed(6)) }),
      () => resolve(null),
      { enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

import { useMemo, useState } from 'react';
import { SearchBar, Tag } from 'antd-mobile';
import { Link } from 'react-router-dom';
import { api, mediaUrl, type Category, type Service } from '../api';
import { useLoad } from '../lib/use-load';
import { yuanShort } from '../lib/format';
import { UNIT_LABELS } from '../lib/domain';
import { Loadable } from '../components/states';

/** Price-from of a card: the catalog's own figure when it gives one, else the pricing rule's base price. */
export function priceFrom(service: Service): string {
  const fen = service.priceFromFen ?? service.pricing?.basePriceFen;
  const unit = service.pricing?.unit ? UNIT_LABELS[service.pricing.unit] : '';
  return fen == null ? '价格见详情' : `${yuanShort(fen)}${unit ? `/${unit}` : ''} 起`;
}

export function ServiceCard({ service }: { service: Service }) {
  const cover = mediaUrl(service.cover?.formats?.thumbnail?.url ?? service.cover?.url);
  return (
    <Link to={`/services/${service.documentId}`} className="service-card" aria-label={service.name}>
      {cover ? (
        <img className="cover" src={cover} alt={service.cover?.alternativeText ?? service.name} />
      ) : (
        <div className="cover" aria-hidden>
          {service.name.slice(0, 1)}
        </div>
      )}
      <div style={{ flex: 1, minWidth: 0 }}>
        <h3>{service.name}</h3>
        <p>{service.summary}</p>
        <div className="row between">
          <span className="price">{priceFrom(service)}</span>
          {service.category?.name && (
            <Tag color="primary" fill="outline">
              {service.category.name}
            </Tag>
          )}
        </div>
      </div>
    </Link>
  );
}

/** 首页: categories (top level, a child's services count for its parent) and service cards. */
export function Home() {
  const state = useLoad(() => Promise.all([api.catalog.categories(), api.catalog.services()]));
  const [selected, setSelected] = useState<string | null>(null);
  const [keyword, setKeyword] = useState('');

  return (
    <div>
      <div className="hero">
        <h1>安心陪护</h1>
        <p>就医陪诊 · 住院陪护 · 上门护理，专业人员持证上岗</p>
      </div>
      <Loadable state={state}>
        {([categories, services]) => (
          <Catalog categories={categories} services={services} selected={selected} onSelect={setSelected} keyword={keyword} onKeyword={setKeyword} />
        )}
      </Loadable>
    </div>
  );
}

function Catalog({
  categories,
  services,
  selected,
  onSelect,
  keyword,
  onKeyword,
}: {
  categories: Category[];
  services: Service[];
  selected: string | null;
  onSelect: (slug: string | null) => void;
  keyword: string;
  onKeyword: (v: string) => void;
}) {
  const roots = useMemo(() => categories.filter((c) => !c.parent).sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0)), [categories]);
  const inCategory = useMemo(() => {
    if (!selected) return null;
    const root = categories.find((c) => c.slug === selected);
    const slugs = new Set([
      selected,
      ...(root?.children ?? []).map((c) => c.slug),
      ...categories.filter((c) => c.parent?.documentId === root?.documentId).map((c) => c.slug),
    ]);
    return slugs;
  }, [categories, selected]);
  const shown = services.filter(
    (s) => (!inCategory || (s.category && inCategory.has(s.category.slug))) && (!keyword || s.name.includes(keyword) || (s.summary ?? '').includes(keyword)),
  );

  return (
    <>
      <div className="category-grid" role="group" aria-label="服务分类">
        <button type="button" aria-pressed={selected === null} onClick={() => onSelect(null)}>
          <span className="category-icon" aria-hidden>
            全
          </span>
          全部
        </button>
        {roots.map((c) => (
          <button type="button" key={c.documentId} aria-pressed={selected === c.slug} onClick={() => onSelect(c.slug)}>
            {c.iconImage?.url ? (
              <img className="category-icon" src={mediaUrl(c.iconImage.formats?.thumbnail?.url ?? c.iconImage.url)} alt="" />
            ) : (
              <span className="category-icon" aria-hidden>
                {c.name.slice(0, 1)}
              </span>
            )}
            {c.name}
          </button>
        ))}
      </div>
      <div style={{ padding: '12px 12px 0' }}>
        <SearchBar placeholder="搜索服务，如：陪诊、输液" value={keyword} onChange={onKeyword} aria-label="搜索服务" />
      </div>
      {shown.length === 0 ? <p className="state">没有符合条件的服务</p> : shown.map((s) => <ServiceCard key={s.documentId} service={s} />)}
    </>
  );
}

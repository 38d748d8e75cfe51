import { Button, Image, List, NoticeBar, Rate, Steps, Swiper } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router-dom';
import { api, mediaUrl, type Block, type Media, type Service } from '../api';
import { useLoad } from '../lib/use-load';
import { Page } from '../components/page';
import { Loadable } from '../components/states';
import { Markdown } from '../components/markdown';
import { priceFrom } from './Home';
import { yuanShort } from '../lib/format';

const asMedia = (v: unknown): Media[] => (Array.isArray(v) ? (v as Media[]) : v && typeof v === 'object' && 'url' in (v as object) ? [v as Media] : []);
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
const picture = (m: Media) => mediaUrl(m.formats?.medium?.url ?? m.formats?.small?.url ?? m.url);

/** One price row of a price-table block: an amount in fen or a percent, per unit, with a note. */
function priceRowText(row: Record<string, unknown>) {
  const per = str(row.per) ? `/${row.per}` : '';
  if (typeof row.amountFen === 'number') return `${yuanShort(row.amountFen)}${per}`;
  if (typeof row.percent === 'number') return `+${row.percent}%${per}`;
  return '';
}

/**
 * A block of the service page (the catalog's `body` dynamic zone): rich text, image, gallery, process, price table,
 * FAQ, notice, video. A block type this page does not know still shows its title, text, pictures and list items.
 */
function BlockView({ block }: { block: Block }) {
  const type = block.__component;
  const title = str(block.title) ?? str(block.heading);
  const text = str(block.body) ?? str(block.text) ?? str(block.content) ?? str(block.description);
  const pictures = [...asMedia(block.image), ...asMedia(block.images), ...asMedia(block.media), ...(type === 'blocks.video' ? [] : asMedia(block.poster))];
  const steps = Array.isArray(block.steps) ? (block.steps as Array<{ title: string; description?: string | null; order?: number }>) : [];
  const rows = Array.isArray(block.rows) ? (block.rows as Array<Record<string, unknown>>) : [];
  const items = Array.isArray(block.items) ? (block.items as Array<Record<string, unknown>>) : [];

  if (type === 'blocks.notice') {
    return (
      <section className="section" data-block={type}>
        <NoticeBar
          color={block.tone === 'warning' || block.tone === 'danger' ? 'alert' : 'info'}
          wrap
          content={
            <>
              <strong>{title}</strong>
              {title && text ? '：' : ''}
              {text}
            </>
          }
        />
      </section>
    );
  }
  return (
    <section className="section section-pad" data-block={type}>
      {title && <h2 className="section-title">{title}</h2>}
      {text && <Markdown text={text} />}
      {pictures.length > 1 ? (
        <Swiper className="gallery" aria-label={title ?? '图片'}>
          {pictures.map((m, i) => (
            <Swiper.Item key={m.url + i}>
              <img src={picture(m)} alt={m.alternativeText ?? title ?? ''} style={{ borderRadius: 8 }} />
            </Swiper.Item>
          ))}
        </Swiper>
      ) : (
        pictures.map((m, i) => (
          <Image key={m.url + i} src={picture(m)} alt={m.alternativeText ?? str(block.caption) ?? title ?? ''} fit="cover" style={{ borderRadius: 8 }} />
        ))
      )}
      {str(block.caption) && (
        <p className="muted" style={{ margin: '6px 0 0' }}>
          {String(block.caption)}
        </p>
      )}
      {steps.length > 0 && (
        <Steps direction="vertical" current={steps.length}>
          {[...steps]
            .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
            .map((step, i) => (
              <Steps.Step key={i} title={step.title} description={step.description ?? undefined} status="finish" />
            ))}
        </Steps>
      )}
      {rows.length > 0 && (
        <List>
          {rows.map((row, i) => (
            <List.Item key={i} extra={<span className="price">{priceRowText(row)}</span>} description={str(row.note)}>
              {String(row.label ?? '')}
            </List.Item>
          ))}
        </List>
      )}
      {str(block.footnote) && (
        <p className="muted" style={{ margin: '6px 0 0' }}>
          {String(block.footnote)}
        </p>
      )}
      {items.length > 0 && (
        <List>
          {items.map((item, i) => (
            <List.Item key={i} description={str(item.answer) ?? str(item.description) ?? str(item.text)}>
              {String(item.question ?? item.title ?? item.name ?? item.label ?? '')}
            </List.Item>
          ))}
        </List>
      )}
      {type === 'blocks.video' && str(block.url) && (
        <a href={String(block.url)} target="_blank" rel="noreferrer" className="row" aria-label={`观看视频：${title ?? ''}`}>
          {asMedia(block.poster)[0] && <img src={picture(asMedia(block.poster)[0])} alt="" style={{ width: '100%', borderRadius: 8 }} />}
          观看视频
        </a>
      )}
    </section>
  );
}

function Detail({ service }: { service: Service }) {
  const reviews = useLoad(() => api.catalog.serviceReviews(service.documentId).catch(() => null), [service.documentId]);
  const pictures = [...(service.cover ? [service.cover] : []), ...(service.gallery ?? [])];
  const blocks = (service.body ?? service.blocks ?? []) as Block[];
  return (
    <>
      {pictures.length > 1 ? (
        <Swiper className="gallery" autoplay loop aria-label="服务图片">
          {pictures.map((m, i) => (
            <Swiper.Item key={m.url + i}>
              <img src={mediaUrl(m.url)} alt={m.alternativeText ?? service.name} />
            </Swiper.Item>
          ))}
        </Swiper>
      ) : pictures.length === 1 ? (
        <img className="detail-cover" src={mediaUrl(pictures[0].url)} alt={pictures[0].alternativeText ?? service.name} />
      ) : (
        <div className="detail-cover-fallback" aria-hidden>
          {service.name.slice(0, 2)}
        </div>
      )}
      <section className="section section-pad">
        <h2 style={{ margin: '0 0 6px', fontSize: 18 }}>{service.name}</h2>
        <p className="muted" style={{ margin: '0 0 8px' }}>
          {service.summary}
        </p>
        <span className="price" style={{ fontSize: 18 }}>
          {priceFrom(service)}
        </span>
      </section>
      {service.content && (
        <section className="section section-pad">
          <h2 className="section-title">服务介绍</h2>
          <Markdown text={service.content} />
        </section>
      )}
      {blocks.map((b, i) => (
        <BlockView key={`${b.__component}-${b.id ?? i}`} block={b} />
      ))}
      {service.process && service.process.length > 0 && (
        <section className="section section-pad">
          <h2 className="section-title">服务流程</h2>
          <Steps direction="vertical" current={service.process.length}>
            {[...service.process]
              .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
              .map((step, i) => (
                <Steps.Step key={i} title={step.title} description={step.description ?? undefined} status="finish" />
              ))}
          </Steps>
        </section>
      )}
      {service.serviceHours && (
        <section className="section section-pad">
          <h2 className="section-title">服务时间</h2>
          <p className="markdown" style={{ margin: 0 }}>
            {service.serviceHours}
          </p>
        </section>
      )}
      {service.priceStandard && (
        <section className="section section-pad">
          <h2 className="section-title">价格标准</h2>
          <Markdown text={service.priceStandard} />
        </section>
      )}
      {service.notes && (
        <section className="section section-pad">
          <h2 className="section-title">注意事项</h2>
          <Markdown text={service.notes} />
        </section>
      )}
      {reviews.data && reviews.data.data.length > 0 && (
        <List header={`用户评价（${reviews.data.meta.pagination.total}）`} className="section">
          {reviews.data.data.map((r) => (
            <List.Item
              key={r.documentId}
              description={r.text || r.tags.join('、')}
              extra={<Rate readOnly value={r.scores.overall} style={{ '--star-size': '12px' }} />}
            >
              {r.reviewer}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}

export default function ServiceDetail() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const state = useLoad(() => api.catalog.service(id), [id]);
  return (
    <Page
      title={state.data?.name ?? '服务详情'}
      footer={
        state.data && (
          <>
            <span className="grow price">{priceFrom(state.data)}</span>
            <Button color="primary" onClick={() => navigate(`/book/${id}`)}>
              立即预约
            </Button>
          </>
        )
      }
    >
      <Loadable state={state}>{(service) => <Detail service={service} />}</Loadable>
    </Page>
  );
}

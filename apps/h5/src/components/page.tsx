import { NavBar } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';

/** A screen: title bar (with back unless it is a tab root), scrolling content, an optional fixed footer. */
export function Page({
  title,
  back = true,
  right,
  footer,
  children,
}: {
  title: string;
  back?: boolean;
  right?: ReactNode;
  footer?: ReactNode;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  return (
    <div className="page">
      <NavBar className="page-bar" back={back ? '' : null} backArrow={back} onBack={() => navigate(-1)} right={right}>
        <h1 className="page-title">{title}</h1>
      </NavBar>
      <main className="page-body">{children}</main>
      {footer && <footer className="page-footer">{footer}</footer>}
    </div>
  );
}

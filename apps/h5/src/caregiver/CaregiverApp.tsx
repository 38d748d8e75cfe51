import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { RequireAuth, useAuth } from '../lib/auth';
import { Login } from '../customer/Login';
import { Loading } from '../components/states';
import { CaregiverTabs } from './Tabs';
import { Workbench } from './Workbench';

const Apply = lazy(() => import('./Apply'));
const ApplicationStatus = lazy(() => import('./ApplicationStatus'));
const Hall = lazy(() => import('./Hall'));
const CaregiverOrder = lazy(() => import('./CaregiverOrder'));
const Hours = lazy(() => import('./Hours'));
const Training = lazy(() => import('./Training'));
const CourseDetail = lazy(() => import('./CourseDetail'));
const Exam = lazy(() => import('./Exam'));
const MyReviews = lazy(() => import('./MyReviews'));
const CaregiverMe = lazy(() => import('./CaregiverMe'));
const Inbox = lazy(() => import('../customer/Inbox'));

/** Approved caregivers get the workbench; everyone else applies or follows their application. */
function OnlyApproved({ children }: { children: JSX.Element }) {
  const { application, ready } = useAuth();
  if (!ready) return <Loading />;
  if (!application) return <Navigate to="/caregiver/apply" replace />;
  if (application.status !== 'approved') return <Navigate to="/caregiver/application" replace />;
  return children;
}

const guard = (element: JSX.Element, approved = true) => (
  <RequireAuth loginPath="/caregiver/login">{approved ? <OnlyApproved>{element}</OnlyApproved> : element}</RequireAuth>
);

export default function CaregiverApp() {
  return (
    <Routes>
      <Route path="login" element={<Login caregiver />} />
      <Route path="apply" element={guard(<Apply />, false)} />
      <Route path="application" element={guard(<ApplicationStatus />, false)} />
      <Route element={guard(<CaregiverTabs />)}>
        <Route index element={<Workbench />} />
        <Route path="hall" element={<Hall />} />
        <Route path="training" element={<Training />} />
        <Route path="me" element={<CaregiverMe />} />
      </Route>
      <Route path="orders/:id" element={guard(<CaregiverOrder />)} />
      <Route path="hours" element={guard(<Hours />)} />
      <Route path="courses/:id" element={guard(<CourseDetail />)} />
      <Route path="exams/:examId" element={guard(<Exam />)} />
      <Route path="reviews" element={guard(<MyReviews />)} />
      <Route path="inbox" element={guard(<Inbox back />)} />
      <Route path="*" element={<Navigate to="/caregiver" replace />} />
    </Routes>
  );
}

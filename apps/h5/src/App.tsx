import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider, RequireAuth } from './lib/auth';
import { LiveProvider } from './lib/live';
import { Loading } from './components/states';
import { Login } from './customer/Login';
import { CustomerTabs } from './customer/Tabs';
import { Home } from './customer/Home';

// The caregiver app and the less visited customer screens load on demand, keeping the first page small.
const ServiceDetail = lazy(() => import('./customer/ServiceDetail'));
const Book = lazy(() => import('./customer/Book'));
const Pay = lazy(() => import('./customer/Pay'));
const Orders = lazy(() => import('./customer/Orders'));
const OrderDetail = lazy(() => import('./customer/OrderDetail'));
const ReviewForm = lazy(() => import('./customer/ReviewForm'));
const ComplaintForm = lazy(() => import('./customer/ComplaintForm'));
const Patients = lazy(() => import('./customer/Patients'));
const PatientForm = lazy(() => import('./customer/PatientForm'));
const Inbox = lazy(() => import('./customer/Inbox'));
const Profile = lazy(() => import('./customer/Profile'));
const Privacy = lazy(() => import('./customer/Privacy'));
const Suggestions = lazy(() => import('./customer/Suggestions'));
const Complaints = lazy(() => import('./customer/Complaints'));
const CaregiverApp = lazy(() => import('./caregiver/CaregiverApp'));

const auth = (element: JSX.Element, loginPath = '/login') => <RequireAuth loginPath={loginPath}>{element}</RequireAuth>;

export function App() {
  return (
    <AuthProvider>
      <LiveProvider>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/login" element={<Login />} />
            <Route element={<CustomerTabs />}>
              <Route path="/" element={<Home />} />
              <Route path="/orders" element={auth(<Orders />)} />
              <Route path="/inbox" element={auth(<Inbox />)} />
              <Route path="/me" element={auth(<Profile />)} />
            </Route>
            <Route path="/services/:id" element={<ServiceDetail />} />
            <Route path="/book/:serviceId" element={auth(<Book />)} />
            <Route path="/orders/:id" element={auth(<OrderDetail />)} />
            <Route path="/orders/:id/pay" element={auth(<Pay />)} />
            <Route path="/orders/:id/review" element={auth(<ReviewForm />)} />
            <Route path="/orders/:id/complaint" element={auth(<ComplaintForm />)} />
            <Route path="/patients" element={auth(<Patients />)} />
            <Route path="/patients/new" element={auth(<PatientForm />)} />
            <Route path="/patients/:id" element={auth(<PatientForm />)} />
            <Route path="/me/privacy" element={auth(<Privacy />)} />
            <Route path="/suggestions" element={auth(<Suggestions />)} />
            <Route path="/complaints" element={auth(<Complaints />)} />
            <Route path="/caregiver/*" element={<CaregiverApp />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </LiveProvider>
    </AuthProvider>
  );
}

import type { Core } from '@strapi/strapi';
import { trainingCourses } from './training-data';

/**
 * Seeds the demo training courses (published) and one exam per course. Idempotent by course slug: an existing
 * course, and its exams, are left alone so editors' changes survive restarts.
 */
export async function seedTraining(strapi: Core.Strapi) {
  let created = 0;
  for (const course of trainingCourses) {
    const courses = strapi.documents('api::training-course.training-course');
    const existing = await courses.findFirst({ filters: { slug: course.slug }, fields: ['documentId'] } as any);
    if (existing) continue;
    const services = await strapi.db.query('api::service.service').findMany({
      where: { slug: { $in: course.requiredServiceSlugs } },
      select: ['documentId'],
    });
    const serviceIds = [...new Set(services.map((s: any) => s.documentId as string))];
    const { exam, requiredServiceSlugs: _requiredServiceSlugs, ...fields } = course;
    const doc = await courses.create({
      data: { ...fields, active: true, requiredServices: serviceIds },
      status: 'published',
    } as any);
    await strapi.documents('api::exam.exam').create({ data: { ...exam, course: doc.documentId } } as any);
    created += 1;
  }
  strapi.log.info(`[seed] 培训课程就绪：新建 ${created} 门`);
  return { created };
}

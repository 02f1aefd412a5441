import { useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { TextArea } from '~/components/fields'
import { StaffTime } from '~/components/staff-time'
import { summaryErrors } from '~/components/step-form'

export const FOLLOW_UP_INTENTS = ['reporterQuestion', 'closeFollowUp'] as const
export const QUESTION_MAX = 2000

/** What staff write to the reporter: one question, checked like every staff form (message keys, translated at render). */
export const reporterQuestionSchema = z.object({
  intent: z.literal('reporterQuestion'),
  question: z.string({ required_error: 'staff:followUp.questionRequired' }).trim().min(1, 'staff:followUp.questionRequired').max(QUESTION_MAX, 'staff:followUp.questionTooLong'),
})

export function useFollowUpForms(lastResult: (intent: string) => SubmissionResult<string[]> | undefined) {
  const question = useForm<{ question: string }>({ id: 'reporterQuestion', lastResult: lastResult('reporterQuestion') })
  return { question, errors: summaryErrors(question[0]) }
}

export interface FollowUpPanelData {
  questions: Array<{ id: string; askedAt: string | Date; answeredAt: string | Date | null; askedBy: string; text: string }>
  hasReplyCode: boolean
  closedAt: string | Date | null
  reporterUpdateAt: string | Date | null
  wrongCodes: { count: number; lastAt: string | Date | null }
  manyWrongCodes: boolean
  canAsk: boolean
  canClose: boolean
}

/**
 * The reporter's follow-up as staff see it (issue 14): ask a question, whether and when each
 * was answered (the answers themselves are on the timeline), many wrong reply codes for this
 * reference, and closing the follow-up before its six months are over.
 */
export function FollowUpPanel({ csrf, data, forms }: { csrf: string; data: FollowUpPanelData; forms: ReturnType<typeof useFollowUpForms> }) {
  const { t } = useTranslation('staff')
  const [questionForm, questionFields] = forms.question
  return (
    <section className="casework no-print" aria-labelledby="follow-up-title">
      <h2 className="heading-m" id="follow-up-title">
        {t('followUp.title')}
      </h2>
      {data.reporterUpdateAt ? (
        <p className="body notice">
          {t('followUp.reporterUpdate')}: <StaffTime value={data.reporterUpdateAt} />
        </p>
      ) : null}
      {data.wrongCodes.count > 0 ? (
        <div className={data.manyWrongCodes ? 'emergency' : 'inset'} role={data.manyWrongCodes ? 'status' : undefined}>
          <p className="body">{t('followUp.wrongCodes', { count: data.wrongCodes.count })}</p>
          {data.wrongCodes.lastAt ? (
            <p className="body">
              {t('followUp.wrongCodesLast')}: <StaffTime value={data.wrongCodes.lastAt} />
            </p>
          ) : null}
        </div>
      ) : null}
      {data.questions.length === 0 ? (
        <p className="body">{t('followUp.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('followUp.askedAt')}</th>
              <th scope="col">{t('followUp.question')}</th>
              <th scope="col">{t('followUp.answeredAt')}</th>
            </tr>
          </thead>
          <tbody>
            {data.questions.map((question) => (
              <tr key={question.id}>
                <td>
                  <StaffTime value={question.askedAt} />
                  <br />
                  {t('followUp.askedBy', { name: question.askedBy })}
                </td>
                <td dir="auto">{question.text}</td>
                <td>
                  {question.answeredAt ? (
                    <>
                      {t('followUp.answered')} <StaffTime value={question.answeredAt} />
                    </>
                  ) : (
                    t('followUp.notAnswered')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.closedAt ? (
        <p className="body">
          {t('followUp.closed')} <StaffTime value={data.closedAt} />
        </p>
      ) : !data.hasReplyCode ? (
        <p className="body">{t('followUp.noCode')}</p>
      ) : (
        <>
          {data.canAsk ? (
            <Form method="post" id={questionForm.id} noValidate>
              <input type="hidden" name="csrf" value={csrf} />
              <input type="hidden" name="intent" value="reporterQuestion" />
              <TextArea field={questionFields.question} label={t('followUp.askLabel')} hint={t('followUp.askHint')} rows={4} />
              <button type="submit" className="button">
                {t('followUp.ask')}
              </button>
            </Form>
          ) : null}
          {data.canClose ? (
            <Form method="post" noValidate>
              <input type="hidden" name="csrf" value={csrf} />
              <input type="hidden" name="intent" value="closeFollowUp" />
              <p className="hint" id="close-follow-up-hint">
                {t('followUp.closeHint')}
              </p>
              <button type="submit" className="button button--warning" aria-describedby="close-follow-up-hint">
                {t('followUp.close')}
              </button>
            </Form>
          ) : null}
        </>
      )}
    </section>
  )
}

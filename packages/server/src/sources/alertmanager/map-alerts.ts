import type { Severity, SourceEvent } from '../../domain/event.ts';

/** Alertmanager's webhook payload, version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export interface AlertmanagerPayload {
  version: string;
  groupKey?: string;
  truncatedAlerts?: number;
  status?: string;
  receiver?: string;
  groupLabels?: Record<string, string>;
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
  externalURL?: string;
  alerts: Alert[];
}

interface Alert {
  status?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint?: string;
}

// A Map, so a label value "constructor" is not found on Object.prototype.
const severityByLabel = new Map<string, Severity>([
  ['critical', 'critical'],
  ['page', 'critical'],
  ['error', 'error'],
  ['warning', 'warning'],
  ['warn', 'warning'],
  ['info', 'info'],
  ['none', 'info'],
  ['debug', 'debug'],
]);

/** Labels worth a tag: the ones people route on. */
const tagLabels = ['alertname', 'severity', 'job', 'instance', 'namespace', 'service', 'team'];

/** One event per alert: `alert.firing` or `alert.resolved`. */
export function mapAlerts(payload: AlertmanagerPayload): SourceEvent[] {
  return payload.alerts.map((alert) => {
    const labels = alert.labels ?? {};
    const annotations = alert.annotations ?? {};
    const status = alert.status === 'resolved' ? 'resolved' : 'firing';
    const name = labels.alertname ?? 'alert';
    const instance = labels.instance ? ` on ${labels.instance}` : '';
    // A firing alert without a known severity still says something is wrong: warning, not info (README).
    const severity =
      status === 'resolved'
        ? 'info'
        : (severityByLabel.get((labels.severity ?? '').toLowerCase()) ?? 'warning');
    return {
      type: `alert.${status}`,
      title: `${annotations.summary ?? name}${annotations.summary ? '' : instance}`,
      body: annotations.description ?? annotations.message ?? '',
      severity,
      url: alert.generatorURL || payload.externalURL || undefined,
      tags: tagLabels.filter((label) => labels[label]).map((label) => `${label}=${labels[label]}`),
      occurredAt: Date.parse((status === 'resolved' ? alert.endsAt : alert.startsAt) ?? '') || undefined,
      // A firing and its resolution are two events; a re-notification of the same firing is not.
      dedupKey: `${alert.fingerprint ?? JSON.stringify(labels)}:${status}:${alert.startsAt ?? ''}`,
      data: {
        alert: { ...alert, status },
        groupKey: payload.groupKey ?? null,
        groupLabels: payload.groupLabels ?? {},
        commonLabels: payload.commonLabels ?? {},
        commonAnnotations: payload.commonAnnotations ?? {},
        receiver: payload.receiver ?? null,
        status: payload.status ?? null,
        externalURL: payload.externalURL ?? null,
        truncatedAlerts: payload.truncatedAlerts ?? 0,
      },
    };
  });
}

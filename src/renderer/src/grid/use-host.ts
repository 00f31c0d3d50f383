/**
 * What the other end allows (hello): the host (desktop or serve) decides how an export path is
 * chosen, and `allowWrites` whether exporting is possible at all. Asked once per client.
 */
import { useEffect, useState } from 'react';
import type { DataClient } from '../../../shared/client.js';
import type { Output } from '../../../shared/contract.js';

export type Hello = Output<'hello'>;

const answers = new WeakMap<DataClient, Promise<Hello | null>>();

function hello(client: DataClient): Promise<Hello | null> {
  let answer = answers.get(client);
  if (!answer) {
    answer = client.call('hello', {}).then((r) => (r.ok ? r.value : null));
    answers.set(client, answer);
  }
  return answer;
}

export function useHello(client: DataClient): Hello | null {
  const [value, setValue] = useState<Hello | null>(null);
  useEffect(() => {
    let live = true;
    void hello(client).then((h) => live && setValue(h));
    return () => {
      live = false;
    };
  }, [client]);
  return value;
}
